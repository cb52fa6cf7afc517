package dev.schemagate.examples.springboot;

import dev.schemagate.examples.SchemaProbe;
import dev.schemagate.examples.SchemaSnapshot;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot web app whose start-up reads tables only the migrations create (a bean built while the context
 * starts, as caches and reference data usually are): without the agent, an instance started mid-migration fails
 * its start with "no such table".
 */
@SpringBootApplication
public class SchemaDemoApplication {
    /** The version Flyway recorded last, when Spring Boot's own Flyway ran the migrations (the 'flyway' profile). */
    static final String FLYWAY_VERSION =
            "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank DESC LIMIT 1";

    public static void main(String[] args) {
        SpringApplication.run(SchemaDemoApplication.class, args);
    }

    /**
     * The schema as seen while the context started; {@link SchemaController} serves it. With Flyway on, Boot must
     * have run it before this bean reads the tables, hence the dependency on database initialization.
     */
    @Bean
    @DependsOnDatabaseInitialization
    SchemaSnapshot schemaAtStartup(DataSource dataSource, @Value("${spring.flyway.enabled}") boolean flyway)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            SchemaSnapshot seen = flyway ? SchemaProbe.read(c, FLYWAY_VERSION) : SchemaProbe.read(c);
            System.out.println(SchemaProbe.startupLine(seen));
            return seen;
        }
    }
}
