import java.io.File;
import java.nio.file.*;
import java.nio.file.attribute.PosixFileAttributes;
import java.sql.*;
import java.util.*;

/** The least Java that does what a recorded no-op does: stat every *.sql file, and one query for the history text. */
public class Floor {
    static final String Q = "SELECT coalesce(group_concat(ifnull(length(version), -1) || ':' || ifnull(version, '') || ifnull(length(checksum), -1) || ':' || ifnull(checksum, '') || ifnull(length(kind), -1) || ':' || ifnull(kind, ''), '' ORDER BY rowid), '') FROM schemagate_history";

    public static void main(String[] a) throws Exception {
        String mode = a[0];
        Path db = Path.of(a[1]), dir = Path.of(a[2]);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            c.createStatement().execute("SELECT 1");
        }
        long t0 = System.nanoTime();
        long r;
        switch (mode) {
            case "stat1" -> r = stat(dir, 0, 1);
            case "stat2" -> {
                long[] o = new long[1];
                Thread t = new Thread(() -> o[0] = stat(dir, 1, 2));
                t.start();
                r = stat(dir, 0, 2);
                t.join();
                r += o[0];
            }
            case "sql" -> r = sql(db);
            case "both" -> {
                long[] o = new long[1];
                Thread t = new Thread(() -> o[0] = sql(db));
                t.start();
                r = stat(dir, 0, 1);
                t.join();
                r += o[0];
            }
            default -> throw new IllegalArgumentException(mode);
        }
        System.out.printf(Locale.ROOT, "%s %.1f ms (%d)%n", mode, (System.nanoTime() - t0) / 1e6, r);
    }

    static String[] names(Path dir) {
        String[] all = dir.toFile().list();
        List<String> kept = new ArrayList<>();
        for (String n : all) if (n.endsWith(".sql")) kept.add(n);
        return kept.toArray(new String[0]); // unsorted, as FolderListing takes them
    }

    static long stat(Path dir, int first, int step) {
        String[] names = names(dir);
        long sum = 0;
        try {
            for (int i = first; i < names.length; i += step) {
                PosixFileAttributes p = Files.readAttributes(dir.resolve(names[i]), PosixFileAttributes.class);
                sum += p.size() + p.lastModifiedTime().toMillis() + p.fileKey().hashCode();
            }
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        return sum;
    }

    static long sql(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(Q)) {
            rs.next();
            return rs.getBytes(1).length;
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }
}
