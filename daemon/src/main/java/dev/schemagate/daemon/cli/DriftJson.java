package dev.schemagate.daemon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.daemon.migrate.Drift;
import java.util.List;

/** Drifted files in {@code validate --json} and {@code repair --json}: field names are part of the contract. */
final class DriftJson {
    private DriftJson() {}

    static void add(ArrayNode array, List<Drift> drift) {
        for (Drift d : drift) {
            ObjectNode o = array.addObject();
            o.put("version", d.applied().version().toString());
            o.put("script", d.file().script());
            o.put("kind", d.applied().kind());
            o.put("appliedAt", d.applied().appliedAt());
            o.put("appliedChecksum", d.applied().checksum());
            o.put("fileChecksum", d.file().checksum());
            o.put("diff", d.diff());
            o.put("note", d.note());
        }
    }
}
