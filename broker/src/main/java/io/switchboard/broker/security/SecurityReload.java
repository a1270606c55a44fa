package io.switchboard.broker.security;

/**
 * What a reload put in force (SIGHUP, {@code POST /api/reload}, {@code switchboard ctl reload}).
 *
 * @param passwordFile   the password file re-read, or null when none is configured
 * @param users          users in it
 * @param aclFile        the ACL file re-read, or null when none is configured
 * @param aclRules       rules in it (0 without an ACL file)
 * @param tlsReloaded    true when TLS certificates, key and CA were re-read (false when TLS is off)
 * @param limitsChanged  true when the {@code security.limits} section differed and the new limits are in force
 */
public record SecurityReload(String passwordFile, int users, String aclFile, int aclRules, boolean tlsReloaded,
                             boolean limitsChanged) {

    /** One line for logs and the CLI. */
    public String describe() {
        return "password_file=" + (passwordFile == null ? "none" : passwordFile + " users=" + users)
                + " acl_file=" + (aclFile == null ? "none" : aclFile + " acl_rules=" + aclRules)
                + " tls=" + (tlsReloaded ? "reloaded" : "off")
                + " limits=" + (limitsChanged ? "changed" : "unchanged");
    }
}
