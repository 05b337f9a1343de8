#!/usr/bin/env bash
# Smoke test: with no network, dependency:go-offline and package (shade) build a jar that bundles gson
# from Debian's local Maven repository, and it runs.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -ec '
  mkdir -p /tmp/m/src/main/java/smoke && cd /tmp/m
  cat > pom.xml <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>smoke</groupId><artifactId>smoke</artifactId><version>1</version>
<properties><maven.compiler.release>17</maven.compiler.release></properties>
<dependencies><dependency><groupId>com.google.code.gson</groupId><artifactId>gson</artifactId><version>2.10</version></dependency></dependencies>
<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-shade-plugin</artifactId><version>3.4.1</version>
<executions><execution><phase>package</phase><goals><goal>shade</goal></goals><configuration><transformers>
<transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><mainClass>smoke.Main</mainClass></transformer>
</transformers></configuration></execution></executions></plugin></plugins></build></project>
POM
  printf "package smoke;\npublic class Main { public static void main(String[] a) { System.out.println(new com.google.gson.Gson().toJson(\"maven ok\")); } }\n" > src/main/java/smoke/Main.java
  mvn -B -ntp -q dependency:go-offline
  mvn -B -ntp -q package -DskipTests
  java -jar target/smoke-1.jar'
