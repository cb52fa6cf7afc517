package dev.schemagate.examples.springboot;

import dev.schemagate.examples.SchemaSnapshot;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /schema}: the schema version and counts the app saw when it started. */
@RestController
class SchemaController {
    private final SchemaSnapshot seen;

    SchemaController(SchemaSnapshot seen) {
        this.seen = seen;
    }

    @GetMapping(value = "/schema", produces = MediaType.TEXT_PLAIN_VALUE)
    String schema() {
        return seen.text() + "\n";
    }
}
