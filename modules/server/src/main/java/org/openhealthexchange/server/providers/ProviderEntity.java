package org.openhealthexchange.server.providers;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Optional;

/** A provider known to this deployment (one row per adapter module); its id is what the API calls {@code id}. */
@Entity
@Table(name = "provider")
public class ProviderEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "provider_type", nullable = false, unique = true)
    public String providerType;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public boolean active = true;

    public static Optional<ProviderEntity> byType(String providerType) {
        return find("providerType", providerType).firstResultOptional();
    }
}
