package org.openhealthexchange.ehrhapi;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI's JPA server for R4 on PostgreSQL, assembled from HAPI's own Spring configuration classes.
 *
 * <p>What the tests rely on is HAPI's behaviour as shipped, so {@link JpaStorageSettings} keeps every default: no
 * placeholder reference targets, referential integrity enforced on write and on delete, delete enabled, conditional
 * references in transactions resolved by HAPI's transaction processor. Only what a JPA server cannot do without is
 * added here: the EntityManagerFactory, the transaction manager and the RESTful servlet at {@code /fhir}. Batch2 is
 * imported because HAPI's terminology, merge and reindex services need its job coordinator; subscriptions, MDM,
 * clinical reasoning and Hibernate Search stay off.
 */
@Configuration
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class, // HAPI's standard jobs: its DAOs depend on the delete-expunge and reindex submitters
    // Only HAPI's in-memory message channels, which Batch2 sends its work notifications through; no subscription
    // matching or delivery comes with it.
    SubscriptionChannelConfig.class,
    ThreadPoolFactoryConfig.class // the transaction processor runs batch bundles on its pools
})
public class HapiServerConfig {

    private static final Logger LOG = LoggerFactory.getLogger(HapiServerConfig.class);

    @Bean
    public JpaStorageSettings storageSettings() {
        JpaStorageSettings settings = new JpaStorageSettings();
        // Logged, not set: the point is to run with HAPI's defaults and to show them in the server's log.
        LOG.info(
                "HAPI storage settings (defaults): autoCreatePlaceholderReferenceTargets={},"
                        + " enforceReferentialIntegrityOnWrite={}, enforceReferentialIntegrityOnDelete={},"
                        + " deleteEnabled={}, allowInlineMatchUrlReferences={}",
                settings.isAutoCreatePlaceholderReferenceTargets(),
                settings.isEnforceReferentialIntegrityOnWrite(),
                settings.isEnforceReferentialIntegrityOnDelete(),
                settings.isDeleteEnabled(),
                settings.isAllowInlineMatchUrlReferences());
        return settings;
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    public SubscriptionSettings subscriptionSettings() {
        return new SubscriptionSettings();
    }

    @Bean
    @Primary
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            DataSource dataSource) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        factory.setJpaPropertyMap(Map.of(
                "hibernate.dialect", HapiFhirPostgresDialect.class.getName(),
                // The harness always starts on an empty database of its own: let Hibernate create the schema.
                "hibernate.hbm2ddl.auto", "update",
                "hibernate.jdbc.batch_size", "20",
                "hibernate.cache.use_query_cache", "false",
                "hibernate.cache.use_second_level_cache", "false",
                // No full-text indexing: HAPI's searches run on its own SQL indexes.
                "hibernate.search.enabled", "false"));
        return factory;
    }

    @Bean
    @Primary
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }

    @Bean
    public RestfulServer restfulServer(
            FhirContext fhirContext,
            IFhirSystemDao<?, ?> systemDao,
            IJpaSystemProvider systemProvider,
            ResourceProviderFactory resourceProviders,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider) {
        RestfulServer server = new RestfulServer(fhirContext);
        server.registerProviders(resourceProviders.createProviders());
        server.registerProvider(systemProvider); // transactions and batches: POST /fhir with a Bundle
        server.setServerConformanceProvider(new JpaCapabilityStatementProvider(
                server, systemDao, storageSettings, searchParamRegistry, validationSupport));
        server.setPagingProvider(pagingProvider);
        return server;
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setLoadOnStartup(1); // initialise HAPI before the port answers, not on the first request
        return registration;
    }
}
