/**
 * Source of the uid probe for job images: a static program docker starts in place of the
 * entrypoint. It prints the uid and gid it runs with, then execs the image's own entrypoint and
 * command, so the job's process is this process, with these credentials.
 */
export const PROBE_SOURCE = `package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	fmt.Fprintf(os.Stderr, "dockstack-probe uid=%d gid=%d euid=%d egid=%d\\n", syscall.Getuid(), syscall.Getgid(), syscall.Geteuid(), syscall.Getegid())
	if len(os.Args) < 2 {
		return
	}
	bin, err := exec.LookPath(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "dockstack-probe:", err)
		os.Exit(127)
	}
	err = syscall.Exec(bin, os.Args[1:], os.Environ())
	fmt.Fprintln(os.Stderr, "dockstack-probe:", err)
	os.Exit(126)
}
`;
