package dev.schemagate.examples.springboot;

import dev.schemagate.examples.SchemaProbe;
import dev.schemagate.examples.SchemaSnapshot;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot web app whose start-up reads tables only the migrations create (a bean built while the context
 * starts, as caches and reference data usually are): without the agent, an instance started mid-migration fails
 * its start with "no such table".
 */
@SpringBootApplication
public class SchemaDemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(SchemaDemoApplication.class, args);
    }

    /** The schema as seen while the context started; {@link SchemaController} serves it. */
    @Bean
    SchemaSnapshot schemaAtStartup(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            SchemaSnapshot seen = SchemaProbe.read(c);
            System.out.println(SchemaProbe.startupLine(seen));
            return seen;
        }
    }
}
