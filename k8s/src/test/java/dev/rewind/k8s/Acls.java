package dev.rewind.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ACLs of a KafkaUser, matched the way Kafka's authorizer matches them: a literal rule names the
 * resource or is {@code *}, a prefix rule covers every name starting with it. Read, Write, Delete and
 * Alter imply Describe, as in Kafka.
 *
 * @param user the KafkaUser's name
 * @param rules the rules: resource type, name, pattern type, operation (one per operation)
 */
record Acls(String user, List<Rule> rules) {

    record Rule(String type, String name, String patternType, String operation) {
        boolean covers(Need need) {
            boolean resource = type.equals(need.type()) && ("prefix".equals(patternType)
                    ? need.name().startsWith(name) : name.equals("*") || name.equals(need.name()));
            boolean operation = this.operation.equals(need.operation()) || (need.operation().equals("Describe")
                    && Set.of("Read", "Write", "Delete", "Alter").contains(this.operation));
            return resource && operation;
        }
    }

    /** A permission a process needs: resource type (topic, group, transactionalId), name and operation. */
    record Need(String type, String name, String operation) {
        @Override
        public String toString() {
            return operation + " on " + type + " " + name;
        }
    }

    static Acls of(JsonNode kafkaUser) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode acl : kafkaUser.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            for (JsonNode operation : acl.path("operations")) {
                rules.add(new Rule(resource.path("type").asText(), resource.path("name").asText(),
                        resource.path("patternType").asText("literal"), operation.asText()));
            }
        }
        return new Acls(Rendered.name(kafkaUser), rules);
    }

    /** The needs no rule covers. */
    List<Need> missing(Set<Need> needs) {
        return needs.stream().filter(n -> rules.stream().noneMatch(r -> r.covers(n))).sorted(
                java.util.Comparator.comparing(Need::toString)).toList();
    }

    /** The rules no need uses: more than the process needs. */
    List<Rule> unused(Set<Need> needs) {
        Set<Rule> used = new HashSet<>();
        for (Need need : needs) {
            rules.stream().filter(r -> r.covers(need)).forEach(used::add);
        }
        return rules.stream().filter(r -> !used.contains(r)).toList();
    }
}
