package dev.schemagate.examples.tomcat;

import dev.schemagate.examples.SchemaSnapshot;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /schema}: the schema version and counts the app saw when it started. */
public final class SchemaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SchemaSnapshot seen = (SchemaSnapshot) getServletContext().getAttribute(SchemaAtStartup.SEEN);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(seen.text());
    }
}
