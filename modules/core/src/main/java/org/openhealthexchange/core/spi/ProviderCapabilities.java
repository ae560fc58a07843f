package org.openhealthexchange.core.spi;

import java.util.Set;
import org.openhealthexchange.core.record.DataType;

/**
 * What a provider delivers and how: the data types, whether end users link accounts by OAuth, and whether the
 * vendor pushes notifications to {@code /webhooks/<id>/}.
 */
public record ProviderCapabilities(Set<DataType> dataTypes, boolean oauthLinking, boolean notifications) {

    public ProviderCapabilities {
        dataTypes = Set.copyOf(dataTypes);
    }
}
