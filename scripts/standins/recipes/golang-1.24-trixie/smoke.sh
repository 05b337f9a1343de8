# A static hello world builds and runs offline; GOROOT is /usr/local/go; zoneinfo.zip is there.
"$DOCKER" run --rm --network=none "$IMAGE" sh -ec '
  test "$(go env GOROOT)" = /usr/local/go
  test -f /usr/local/go/lib/time/zoneinfo.zip
  mkdir -p /tmp/h && cd /tmp/h
  printf "module h\n\ngo 1.24\n" > go.mod
  printf "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"go ok\") }\n" > main.go
  CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /tmp/h/h . && /tmp/h/h'
