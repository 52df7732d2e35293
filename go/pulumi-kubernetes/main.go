// Command pulumi-resource-kubernetes is the Pulumi Kubernetes provider, built from its published Go module.
//
// The provider's own main package embeds schema-embed.json and terraform-mapping-embed.json, which its
// repository generates at build time and which are therefore absent from the module the proxy serves. This
// main is the same three lines; the engine-tools script supplies the two files through a go build overlay that
// maps them to the schema.json and terraform-mapping.json the module does ship, so nothing fetched is committed.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
