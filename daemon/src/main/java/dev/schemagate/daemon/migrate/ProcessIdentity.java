package dev.schemagate.daemon.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code host:pid} of this process, as recorded in {@code applied_by}. */
final class ProcessIdentity {
    private ProcessIdentity() {}

    static String hostAndPid() {
        return host() + ":" + ProcessHandle.current().pid();
    }

    /** Reads the kernel's host name: InetAddress.getLocalHost() may block on DNS for seconds. */
    private static String host() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: fall through to the environment.
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }
}
