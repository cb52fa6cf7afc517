package dev.schemagate.examples.tomcat;

import dev.schemagate.examples.SchemaProbe;
import dev.schemagate.examples.SchemaSnapshot;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The app's start-up code: reads tables the migrations create, as real apps do when they warm caches. Without the
 * agent, an instance that starts mid-migration fails here with "no such table" (and Tomcat marks the app failed).
 */
public final class SchemaAtStartup implements ServletContextListener {
    /** The servlet context attribute holding the {@link SchemaSnapshot} read at start-up. */
    static final String SEEN = SchemaSnapshot.class.getName();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String db = System.getenv("APP_DB");
        if (db == null || db.isBlank()) {
            throw new IllegalStateException("APP_DB is not set: export APP_DB=/path/to/app.db before starting Tomcat");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            SchemaSnapshot seen = SchemaProbe.read(c);
            event.getServletContext().setAttribute(SEEN, seen);
            System.out.println(SchemaProbe.startupLine(seen));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema of " + db + ": " + e.getMessage(), e);
        }
    }
}
