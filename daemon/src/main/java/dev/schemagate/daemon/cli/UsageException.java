package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;

/** The command line itself is wrong (unknown command or option, missing value); exit 64 with usage. */
final class UsageException extends SchemagateException {
    UsageException(String message) {
        super(ExitCodes.USAGE, "schemagate: " + message + "\nRun 'java -jar schemagate.jar --help' for usage.");
    }
}
