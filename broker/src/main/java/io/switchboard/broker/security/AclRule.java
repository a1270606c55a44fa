package io.switchboard.broker.security;

import io.switchboard.router.security.Action;
import io.switchboard.router.security.Principal;

/**
 * One line of the ACL file: allow or deny an action on topics matching a filter, for matching users and client
 * ids. The filter may hold {@code %u} (the user name) and {@code %c} (the client id) as whole levels or parts
 * of levels; a rule does not apply when the substituted value is missing (anonymous {@code %u}) or would add
 * levels or wildcards ({@code /}, {@code +}, {@code #}).
 *
 * @param allow   allow or deny
 * @param publish applies to publishing
 * @param read    applies to subscribing and receiving
 * @param levels  the topic filter split at '/'
 * @param user    user pattern: {@code *} any, {@code $anonymous} anonymous clients, {@code prefix*}, or a name
 * @param client  client id pattern: {@code *}, {@code prefix*}, or an id
 * @param line    line number in the file, for logs
 */
record AclRule(boolean allow, boolean publish, boolean read, String[] levels, String user, String client, int line) {
    static final String ANONYMOUS = "$anonymous";

    boolean applies(Principal principal, String clientId, Action action) {
        if (action == Action.PUBLISH ? !publish : !read) {
            return false;
        }
        boolean userMatches = user.equals(ANONYMOUS) ? principal.anonymous()
                : user.equals("*") || (!principal.anonymous() && nameMatches(user, principal.name()));
        return userMatches && nameMatches(client, clientId);
    }

    private static boolean nameMatches(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith("*")) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(value);
    }

    /**
     * True when every topic the {@code topic} filter (or name) matches is matched by this rule's filter after
     * substitution. A wildcard first level never covers topics starting with '$' [MQTT-4.7.2-1].
     */
    boolean covers(Principal principal, String clientId, String[] topic) {
        if (topic.length > 0 && topic[0].startsWith("$") && levels.length > 0
                && (levels[0].equals("+") || levels[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < levels.length; i++) {
            String pattern = levels[i];
            if (pattern.equals("#")) {
                return true; // also covers the parent level: 'a/#' matches 'a'
            }
            if (i >= topic.length) {
                return false;
            }
            String level = topic[i];
            if (level.equals("#")) {
                return false;
            }
            if (pattern.equals("+")) {
                continue;
            }
            String literal = pattern.indexOf('%') < 0 ? pattern : substitute(pattern, principal, clientId);
            if (literal == null || !literal.equals(level)) {
                return false;
            }
        }
        return topic.length == levels.length;
    }

    private static String substitute(String level, Principal principal, String clientId) {
        String result = level;
        if (result.contains("%u")) {
            if (principal.anonymous() || !safe(principal.name())) {
                return null;
            }
            result = result.replace("%u", principal.name());
        }
        if (result.contains("%c")) {
            if (clientId == null || !safe(clientId)) {
                return null;
            }
            result = result.replace("%c", clientId);
        }
        return result;
    }

    private static boolean safe(String value) {
        return !value.isEmpty() && value.indexOf('/') < 0 && value.indexOf('+') < 0 && value.indexOf('#') < 0;
    }
}
