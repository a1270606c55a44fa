package io.switchboard.router.security;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The names of a verified TLS client certificate: its subject common name and its DNS / e-mail subject
 * alternative names, as adapters put them in {@link Credentials}.
 */
public record PeerCertificate(String commonName, List<String> alternativeNames) {
    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;

    public PeerCertificate {
        alternativeNames = List.copyOf(alternativeNames);
    }

    /** The names of the chain's leaf certificate, or null when there is none (no client certificate). */
    public static PeerCertificate of(Certificate[] chain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            return null;
        }
        return new PeerCertificate(commonName(certificate), alternativeNames(certificate));
    }

    private static String commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    private static List<String> alternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    int type = (Integer) entry.get(0);
                    if ((type == SAN_DNS || type == SAN_EMAIL) && entry.get(1) instanceof String value) {
                        names.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }
}
