// Command provider serves privatepull's eleven components (PrivateNetwork,
// PrivateDnsZones, PrivateRegistry, RegistryEndpoints, RegistryImages,
// PullIdentity, ContainerAppsEnvironment, ContainerAppWorkload,
// WebAppWorkload, FunctionStorage, FunctionAppWorkload) to every Pulumi
// language. It is a source-based component package
// (PulumiPlugin.yaml, runtime go) built with pulumi-go-provider's infer:
// `pulumi package add <path to this directory>` builds it, asks it for its
// schema and generates an SDK in the consumer's language. testdata/schema.json
// is the reviewed copy of that schema.
package main

import (
	"context"
	"fmt"
	"os"
)

// Version is the package version the schema reports: the git tag without its
// "v". Release builds set it with -ldflags "-X main.Version=1.2.3"; the
// release commit bumps this default so that source builds report it too.
var Version = "0.1.0"

func main() {
	prov, err := Provider()
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %s\n", err)
		os.Exit(1)
	}
	if err := prov.Run(context.Background(), "privatepull", Version); err != nil {
		fmt.Fprintf(os.Stderr, "error: %s\n", err)
		os.Exit(1)
	}
}
