// kubectl built from k8s.io/kubectl at the version go/kubernetes-reader pins (the main of
// k8s.io/kubernetes/cmd/kubectl), for the oracle: `kubectl create --dry-run=client -o json
// --validate=false -f FILE` against a static discovery endpoint on loopback prints exactly what
// kubectl would send.
package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
}
