package io.switchboard.broker.security;

import io.switchboard.router.security.Action;
import io.switchboard.router.security.Authorizer;
import io.switchboard.router.security.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ACL file's rules: the first rule that applies to the principal, client and action and whose filter covers
 * the topic decides; nothing matching means deny. Syntax, one rule per line ({@code #} comments):
 * <pre>
 * allow|deny  publish|subscribe|both  TOPIC-FILTER  [user=NAME|*|prefix*|$anonymous]  [client=ID|*|prefix*]
 * </pre>
 * A subscription is allowed when the deciding rule's filter covers the whole requested filter; every message
 * delivered (retained ones included) is checked again on its own topic. Immutable and thread-safe.
 */
public final class AclAuthorizer implements Authorizer {
    private final List<AclRule> rules;

    AclAuthorizer(List<AclRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static AclAuthorizer read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<AclRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                rules.add(parse(file, i + 1, line));
            }
        }
        return new AclAuthorizer(rules);
    }

    private static AclRule parse(Path file, int lineNumber, String line) {
        String[] words = line.split("\\s+");
        if (words.length < 3) {
            throw new InvalidRulesException(file, lineNumber,
                    "expected: allow|deny publish|subscribe|both TOPIC-FILTER [user=..] [client=..]");
        }
        boolean allow = switch (words[0]) {
            case "allow" -> true;
            case "deny" -> false;
            default -> throw new InvalidRulesException(file, lineNumber,
                    "expected allow or deny, got '" + words[0] + "'");
        };
        boolean publish = words[1].equals("publish") || words[1].equals("both");
        boolean read = words[1].equals("subscribe") || words[1].equals("both");
        if (!publish && !read) {
            throw new InvalidRulesException(file, lineNumber,
                    "expected publish, subscribe or both, got '" + words[1] + "'");
        }
        String filter = words[2];
        String problem = filterProblem(filter);
        if (problem != null) {
            throw new InvalidRulesException(file, lineNumber, "invalid topic filter '" + filter + "': " + problem);
        }
        String user = "*";
        String client = "*";
        for (int w = 3; w < words.length; w++) {
            String word = words[w];
            if (word.startsWith("user=") && word.length() > 5) {
                user = word.substring(5);
            } else if (word.startsWith("client=") && word.length() > 7) {
                client = word.substring(7);
            } else {
                throw new InvalidRulesException(file, lineNumber,
                        "unexpected '" + word + "' (expected user=NAME or client=ID)");
            }
        }
        return new AclRule(allow, publish, read, filter.split("/", -1), user, client, lineNumber);
    }

    private static String filterProblem(String filter) {
        if (filter.startsWith("$share/")) {
            return "shared subscriptions are checked on their filter; write the filter without $share/GROUP/";
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'#' must be the last level, alone";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'+' must be a whole level";
            }
        }
        return null;
    }

    public int size() {
        return rules.size();
    }

    @Override
    public boolean isAllowed(Principal principal, String clientId, Action action, String topic) {
        String[] levels = topic.split("/", -1);
        for (AclRule rule : rules) {
            if (rule.applies(principal, clientId, action) && rule.covers(principal, clientId, levels)) {
                return rule.allow();
            }
        }
        return false;
    }
}
