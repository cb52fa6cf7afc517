package dev.schemagate.examples.jetty;

import dev.schemagate.examples.SchemaProbe;
import dev.schemagate.examples.SchemaSnapshot;
import java.sql.Connection;
import java.sql.DriverManager;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty app: main() reads the migrated schema first (tables only the migrations create), then serves
 * {@code GET /schema}. Settings from the environment: APP_DB (required), HOST (127.0.0.1), PORT (8080; 0 for any
 * free port).
 */
public final class JettyApp {
    private JettyApp() {}

    public static void main(String[] args) throws Exception {
        String db = System.getenv("APP_DB");
        if (db == null || db.isBlank()) {
            System.err.println("jetty-example: APP_DB is not set: export APP_DB=/path/to/app.db");
            System.exit(78);
        }
        SchemaSnapshot seen;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            seen = SchemaProbe.read(c);
        }
        System.out.println(SchemaProbe.startupLine(seen));

        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost(System.getenv().getOrDefault("HOST", "127.0.0.1"));
        http.setPort(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
        server.addConnector(http);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new SchemaServlet(seen)), "/schema");
        server.setHandler(context);
        server.start();
        System.out.println("jetty-example: serving on http://" + http.getHost() + ":" + http.getLocalPort());
        server.join();
    }
}
