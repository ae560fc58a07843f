package org.openhealthexchange.server.connections;

import java.util.Objects;

/** Who owns a connection: an end user (by {@code ehr_user_id}) or an organisation (a CallDoc installation, a practice). */
public record Subject(Kind kind, String id) {

    public enum Kind {
        USER("user"),
        ORGANISATION("organisation");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The value of {@code provider_link.subject_kind}. */
        public String code() {
            return code;
        }
    }

    public Subject {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a subject needs an id");
        }
    }

    public static Subject user(String ehrUserId) {
        return new Subject(Kind.USER, ehrUserId);
    }

    public static Subject organisation(String id) {
        return new Subject(Kind.ORGANISATION, id);
    }

    @Override
    public String toString() {
        return kind.code() + ":" + id;
    }
}
