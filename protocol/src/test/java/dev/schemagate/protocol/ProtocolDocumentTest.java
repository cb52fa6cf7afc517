package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The socat examples in PROTOCOL.md are real protocol lines, so the document cannot drift from the code. */
class ProtocolDocumentTest {

    @Test
    void everyExampleLineDecodesAndTheTypoAnswerIsTheRealError() throws Exception {
        List<String> lines = exampleLines(Files.readString(protocolDocument(), StandardCharsets.UTF_8));
        assertThat(lines).hasSizeGreaterThan(20);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i + 1 < lines.size() && lines.get(i + 1).startsWith("ERROR code=BAD_MESSAGE ")) {
                // A deliberate typo: the next example line must be exactly what the daemon would answer.
                ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> MessageCodec.decode(line));
                assertThat(e).as(line).isNotNull();
                Message answer = Messages.error(e.code(), e.getMessage());
                assertThat(lines.get(i + 1) + "\n").isEqualTo(MessageCodec.encode(answer));
            } else {
                assertThat(MessageCodec.decode(line)).as(line).isNotNull();
            }
        }
        assertThat(lines)
                .contains(MessageCodec.encode(Messages.failed(
                                ErrorCodes.MIGRATION_FAILED,
                                "V3__add users.sql",
                                4,
                                "no such table: user",
                                "Fix the file and reload the daemon (systemctl reload schemagate)"))
                        .trim());
        assertThat(lines)
                .contains(MessageCodec.encode(Messages.failed(
                                ErrorCodes.MIGRATION_FAILED,
                                "V2__broken.sql",
                                2,
                                "migration V2__broken.sql failed at line 2: no such table: nope (SQLITE_ERROR)\n"
                                        + "  statement: INSERT INTO nope VALUES (1)\n"
                                        + "The whole batch of 2 migrations was rolled back; the database is as it was (schema version none).",
                                "fix V2__broken.sql (line 2) and run schemagate again (or reload the daemon)."))
                        .trim());
        assertThat(lines)
                .contains(MessageCodec.encode(Messages.hello("orders api", -1, null))
                        .trim());
    }

    private static List<String> exampleLines(String doc) {
        String examples = doc.substring(doc.indexOf("## Examples"));
        List<String> out = new ArrayList<>();
        boolean inBlock = false;
        for (String line : examples.split("\n", -1)) {
            if (line.equals("```text")) {
                inBlock = true;
            } else if (line.equals("```")) {
                inBlock = false;
            } else if (inBlock) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * PROTOCOL.md beside this module's pom, found from where the test classes were loaded (target/test-classes), not
     * from the working directory a runner or an IDE chose.
     */
    private static Path protocolDocument() throws Exception {
        Path testClasses = Path.of(ProtocolDocumentTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path document = testClasses.getParent().getParent().resolve("PROTOCOL.md");
        assertThat(document).as("PROTOCOL.md two folders above %s", testClasses).isRegularFile();
        return document;
    }
}
