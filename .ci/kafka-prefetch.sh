#!/usr/bin/env bash
# Downloads the Kafka broker's jars (scripts/kafka/pom.xml) into .kafka/lib,
# so the integration tests start a real broker without fetching anything.
# Idempotent: does nothing when .kafka/lib already matches the pom.
#
# Mirrors ensureKafkaJars() in scripts/kafka/KafkaBroker.ts: the stamp file
# holds the sha256 of pom.xml, so editing the pom (e.g. the Kafka version)
# makes the next run replace the whole directory.
#
# Needs: java and mvn (Debian: openjdk-17-jre-headless/openjdk-17-jdk-headless, maven).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pom="$root/scripts/kafka/pom.xml"
lib="$root/.kafka/lib"
stamp_name=".eddy-kafka-stamp"

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "kafka-prefetch: '$tool' not found on PATH (apt-get install openjdk-17-jdk-headless maven)" >&2
    exit 1
  fi
done

want="$(sha256sum "$pom" | cut -d' ' -f1)"
if [[ -f "$lib/$stamp_name" && "$(tr -d '[:space:]' < "$lib/$stamp_name")" == "$want" ]]; then
  echo "kafka-prefetch: $lib is up to date"
  exit 0
fi

version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom" | head -n1)"
tmp="$lib.tmp-$$"
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
mkdir -p "$(dirname "$lib")"
echo "kafka-prefetch: fetching Kafka $version jars into $lib"
mvn -q -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DoutputDirectory="$tmp"
if [[ ! -f "$tmp/kafka_2.13-$version.jar" ]]; then
  echo "kafka-prefetch: mvn finished but kafka_2.13-$version.jar is missing" >&2
  exit 1
fi
echo "$want" > "$tmp/$stamp_name"
rm -rf "$lib"
mv "$tmp" "$lib"
echo "kafka-prefetch: $(ls "$lib"/*.jar | wc -l) jars in $lib"
