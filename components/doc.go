// Package components holds the reusable Pulumi ComponentResources of privatepull:
// PrivateNetwork, PrivateDnsZones, PrivateRegistry, RegistryEndpoints,
// RegistryImages, PullIdentity, ContainerAppsEnvironment, ContainerAppWorkload
// and WebAppWorkload. Together they run containers on Azure that pull their
// images from a private Azure Container Registry over Private Link only,
// authenticated with managed identities. Each one holds what one long pole
// needs and nothing more, so that across the language boundary (where a
// component starts only once all its inputs resolve and its outputs arrive
// together) no consumer waits for a slow resource it does not use; they also
// accept existing parts (an environment, a plan, a registry elsewhere), as
// app stacks need.
//
// Every component follows the same shape: NewX(ctx, name, args, opts...)
// registers the component (type token privatepull:index:X) before any child,
// gives every child pulumi.Parent(component) and a logical name prefixed by the
// component's name, exposes its outputs as typed struct fields and ends with
// ctx.RegisterResourceOutputs. Args are plain Go values (already validated by
// the caller) plus pulumi inputs for values that only exist after deployment.
//
// The same constructors are served to every Pulumi language by the component
// provider in ../provider, whose schema is derived from these types: every
// exported Args and output field that can cross the language boundary
// carries a `pulumi:"camelName[,optional]"` tag, and its doc comment becomes
// the schema's description (an untagged field does not exist for other
// languages). Values a consumer may take from another resource (resource
// groups, subnet, zone, VNet and identity ids, the login server) are
// pulumi inputs; values that decide how many resources exist or how they are
// named stay plain. Go resource handles (PullDependencies, Gate,
// PullIdentityGrant, NetworkDependencies, DNSDependencies,
// AcrPullAssignment...) are Go only: their schema counterparts are "ready"
// outputs (PullIdentity's acrPullReadyId, PrivateRegistry's registryReady,
// RegistryEndpoints' and RegistryImages' pullReady, PrivateDnsZones'
// registryDnsReady) that resolve only once the resources they stand for
// exist, consumed by RegistryEndpoints' registryReady and the workloads'
// pullReady, networkReady and dnsReady.
//
// Children that moved out of a component into a new one (the DNS zones out
// of PrivateNetwork, the endpoints and the images out of PrivateRegistry,
// the environment out of ContainerAppWorkload) kept their logical names and
// carry an alias to their old parent: the new component has the old one's
// name, so a stack deployed before the split upgrades without replacing
// anything.
package components
