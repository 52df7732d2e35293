// Command etcd is the etcd server built from the published go.etcd.io/etcd/server/v3 module, so the cluster
// test tier needs no downloaded binary: the Go module proxy and go.sum pin exactly what runs.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
