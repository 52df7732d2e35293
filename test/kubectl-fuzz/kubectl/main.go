// kubectl built from k8s.io/kubectl at the version go/kubernetes-reader pins, for the oracle:
// `kubectl create --dry-run=client -o json --validate=false -f FILE` against a static discovery
// endpoint on loopback prints exactly what kubectl would send.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
)

func main() {
	os.Exit(cli.RunNoErrOutput(cmd.NewDefaultKubectlCommand()))
}
