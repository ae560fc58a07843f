package org.openhealthexchange.ehrhapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;

/**
 * A stock HAPI FHIR JPA server (R4) for OHE's integration tests, run as its own process (see docs/BUILD.md).
 *
 * <p>Spring Boot only supplies the servlet container and the DataSource; HAPI's own configuration builds the JPA
 * layer. The excluded auto-configurations would otherwise compete with it (a second EntityManagerFactory, Spring
 * Data repositories, Flyway) or wake up for libraries that HAPI merely has on its classpath (Elasticsearch,
 * Thymeleaf).
 */
@SpringBootApplication(
        exclude = {
            HibernateJpaAutoConfiguration.class,
            JpaRepositoriesAutoConfiguration.class,
            FlywayAutoConfiguration.class,
            ElasticsearchClientAutoConfiguration.class,
            ElasticsearchRestClientAutoConfiguration.class,
            ThymeleafAutoConfiguration.class
        })
public class EhrHapiApplication {

    public static void main(String[] args) {
        SpringApplication.run(EhrHapiApplication.class, args);
    }
}
