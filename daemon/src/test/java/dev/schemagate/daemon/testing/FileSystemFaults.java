package dev.schemagate.daemon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real file-system faults for tests, made with the real tools: a small tmpfs (disk full), a read-only bind mount,
 * {@code chattr +i}, {@code prlimit --fsize}. Everything it did is undone by {@link #close()}, in reverse order.
 *
 * <p>Mounting needs root (the tests run as root here and in CI). Where the kernel refuses, the test is skipped
 * with a loud reason on stderr, never silently passed.
 */
public final class FileSystemFaults implements AutoCloseable {
    private final List<List<String>> undo = new ArrayList<>();

    /** Mounts a tmpfs of {@code size} (e.g. "640k") on {@code folder}, creating it. */
    public Path smallDisk(Path folder, String size) throws IOException {
        Files.createDirectories(folder);
        requireOrSkip(
                "mount a " + size + " tmpfs",
                List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString()));
        undo.add(List.of("umount", "-l", folder.toString()));
        return folder;
    }

    /** Gives the tmpfs on {@code folder} a new size: frees space without touching the files on it. */
    public void resize(Path folder, String size) {
        run(List.of("mount", "-o", "remount,size=" + size, folder.toString()));
    }

    /** Makes {@code folder} read-only through a bind mount of itself (the files stay; nothing can be created). */
    public void readOnlyFolder(Path folder) {
        requireOrSkip("bind-mount a folder", List.of("mount", "--bind", folder.toString(), folder.toString()));
        undo.add(List.of("umount", "-l", folder.toString()));
        run(List.of("mount", "-o", "remount,bind,ro", folder.toString()));
    }

    /** Undoes {@link #readOnlyFolder(Path)} now. */
    public void writableAgain(Path folder) {
        run(List.of("umount", "-l", folder.toString()));
        undo.remove(List.of("umount", "-l", folder.toString()));
    }

    /** {@code chattr +i}: not even root may open the file for writing. */
    public void immutable(Path file) {
        requireOrSkip("chattr +i", List.of("chattr", "+i", file.toString()));
        undo.add(List.of("chattr", "-i", file.toString()));
    }

    public void mutable(Path file) {
        run(List.of("chattr", "-i", file.toString()));
        undo.remove(List.of("chattr", "-i", file.toString()));
    }

    /**
     * Sets the running process's soft file-size limit (RLIMIT_FSIZE) in bytes, or "unlimited". Only the soft one:
     * raising a hard limit again needs CAP_SYS_RESOURCE, which a container's root may lack.
     */
    public static void fileSizeLimit(long pid, String bytes) {
        run(List.of("prlimit", "--pid", Long.toString(pid), "--fsize=" + bytes + ":"));
    }

    @Override
    public void close() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                run(undo.get(i));
            } catch (AssertionError e) {
                System.err.println("FileSystemFaults: clean-up failed: " + e.getMessage());
            }
        }
        undo.clear();
    }

    private static void requireOrSkip(String what, List<String> command) {
        Result r = exec(command);
        if (r.code != 0) {
            String reason = "SKIPPED: cannot " + what + " here (" + String.join(" ", command) + " exited " + r.code
                    + ": " + r.output.trim() + "); this fault test needs root or CAP_SYS_ADMIN";
            System.err.println("!!! " + reason);
            Assumptions.abort(reason);
        }
    }

    private static void run(List<String> command) {
        Result r = exec(command);
        if (r.code != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.code + ": " + r.output);
        }
    }

    private record Result(int code, String output) {}

    private static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 30 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
