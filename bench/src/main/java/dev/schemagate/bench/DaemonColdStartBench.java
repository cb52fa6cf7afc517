package dev.schemagate.bench;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Row 6: `java -jar schemagate.jar daemon ... --metrics off` on an up-to-date database, from spawn until a client
 * reads READY (the client polls the socket every millisecond), and the daemon's RSS at that point.
 */
final class DaemonColdStartBench {
    private DaemonColdStartBench() {}

    static Row run(Env env) throws Exception {
        Path dir = env.dir("row6");
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Corpus.write(migrations, 20, 10);
        Path db = dir.resolve("app.db");
        File log = dir.resolve("daemon.log").toFile();
        int runs = env.runs(12, 3);
        Stats toReady = new Stats();
        Stats rss = new Stats();
        for (int run = -1; run < runs; run++) { // the first run migrates; it is not counted
            Path socket = dir.resolve("d.sock");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(env.javaCmd(
                            "-jar",
                            env.daemonJar.toString(),
                            "daemon",
                            "--db",
                            db.toString(),
                            "--migrations",
                            migrations.toString(),
                            "--socket",
                            socket.toString(),
                            "--metrics",
                            "off"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .start();
            try {
                long t = awaitReady(socket, 60_000) - t0;
                if (run >= 0) {
                    toReady.addNanos(t);
                    rss.add(Env.rssKib(p.pid()) / 1024.0);
                }
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
        double median = toReady.median();
        String measured = String.format(
                Locale.ROOT, "spawn -> READY median %.1f ms; RSS at READY median %.1f MiB", median, rss.median());
        String notes = "Spawn -> READY: " + toReady.summary() + "; RSS (MiB): median "
                + String.format(Locale.ROOT, "%.1f, min %.1f, max %.1f", rss.median(), rss.min(), rss.max())
                + ". 20 migrations, all applied;"
                + " default JVM flags.";
        return new Row("6. Daemon cold start to READY (nothing pending)", "(report)", measured, "-", notes);
    }

    /** Polls the socket every ms until it connects, sends HELLO and reads until READY; returns nanoTime then. */
    static long awaitReady(Path socket, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no READY from " + socket + " in " + timeoutMillis + " ms");
            }
            if (!Files.exists(socket)) {
                Thread.sleep(1);
                continue;
            }
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(address);
                ch.write(ByteBuffer.wrap("HELLO v=1 app=bench\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer buf = ByteBuffer.allocate(8192);
                StringBuilder text = new StringBuilder();
                while (ch.read(buf) >= 0) {
                    buf.flip();
                    text.append(StandardCharsets.UTF_8.decode(buf));
                    buf.clear();
                    if (text.indexOf("\nREADY") >= 0 && text.lastIndexOf("\n") > text.indexOf("\nREADY")) {
                        return System.nanoTime();
                    }
                    if (text.indexOf("FAILED") >= 0 || text.indexOf("ERROR") >= 0) {
                        throw new IOException("daemon said: " + text);
                    }
                }
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("daemon said")) {
                    throw e;
                }
                Thread.sleep(1);
            }
        }
    }
}
