"""The programs Docker's official images ship on their PATH are real programs (notes naming their upstream folder),
and a one-edit typo of one of them stays an error with did-you-mean."""

from __future__ import annotations

import pytest

from checked_page import check


NOTE = "the run fails unless the page installs it"


@pytest.mark.parametrize("code, name, source", [
    ("elasticsearch-plugin install analysis-nori", "elasticsearch-plugin",
     "https://github.com/elastic/elasticsearch/tree/main/distribution/src/bin"),
    ("elasticsearch-reset-password -u elastic", "elasticsearch-reset-password",
     "https://github.com/elastic/elasticsearch/tree/main/x-pack/plugin/security/src/main/bin"),
    ("logstash-plugin list", "logstash-plugin", "https://github.com/elastic/logstash/tree/main/bin"),
    ("fluent-gem install fluent-plugin-elasticsearch", "fluent-gem", "https://github.com/fluent/fluentd/tree/master/bin"),
    ("kafka-topics.sh --create --topic t --bootstrap-server localhost:9092", "kafka-topics.sh",
     "https://github.com/apache/kafka/tree/trunk/bin"),
    ("kafka-topics --list --bootstrap-server broker:9092", "kafka-topics",
     "https://docs.confluent.io/platform/current/tools/cli-reference.html"),
    ("cqlsh -u cassandra", "cqlsh", "https://github.com/apache/cassandra/tree/trunk/bin"),
    ("cypher-shell -u neo4j", "cypher-shell", "https://neo4j.com/docs/operations-manual/current/cypher-shell/"),
    ("catalina.sh run", "catalina.sh", "https://github.com/apache/tomcat/tree/main/bin"),
    ("jenkins-plugin-cli --plugins git", "jenkins-plugin-cli",
     "https://github.com/jenkinsci/plugin-installation-manager-tool"),
    ("su-exec redis redis-server", "su-exec", "https://github.com/ncopa/su-exec"),
    ("docker-php-ext-install pdo_mysql", "docker-php-ext-install", "https://github.com/docker-library/php"),
])
def test_a_program_an_official_image_ships_is_a_note_naming_its_source(code: str, name: str, source: str) -> None:
    assert check(code) == [f"p.md:2: note: '{name}' is a real program but not in the sandbox ({source}): {NOTE} "
                           "[not-in-sandbox]"]


@pytest.mark.parametrize("code, expected", [
    ("elasticsearh-plugin install analysis-nori",
     "p.md:2: error: unknown command 'elasticsearh-plugin' (did you mean 'elasticsearch-plugin'?) [unknown-command]"),
    ("kafka-topic.sh --list", "p.md:2: error: unknown command 'kafka-topic.sh' (did you mean 'kafka-topics.sh'?) "
                              "[unknown-command]"),
    ("cypher-shel -u neo4j",
     "p.md:2: error: unknown command 'cypher-shel' (did you mean 'cypher-shell'?) [unknown-command]"),
])
def test_a_typo_of_an_official_image_program_stays_an_error_with_did_you_mean(code: str, expected: str) -> None:
    assert check(code) == [expected]


def test_a_generic_script_name_of_an_upstream_folder_stays_unknown() -> None:
    # Tomcat's bin/ holds startup.sh and version.sh too; a page's own script of that name is as likely
    assert check("version.sh") == ["p.md:2: error: unknown command 'version.sh' [unknown-command]"]
