// Package components holds the reusable Pulumi ComponentResources of privatepull:
// PrivateNetwork, PrivateRegistry, PullIdentity, ContainerAppWorkload and
// WebAppWorkload. Together they run containers on Azure that pull their images
// from a private Azure Container Registry over Private Link only, authenticated
// with managed identities.
//
// Every component follows the same shape: NewX(ctx, name, args, opts...)
// registers the component (type token privatepull:index:X) before any child,
// gives every child pulumi.Parent(component) and a logical name prefixed by the
// component's name, exposes its outputs as typed struct fields and ends with
// ctx.RegisterResourceOutputs. Args are plain Go values (already validated by
// the caller) plus pulumi inputs for values that only exist after deployment.
package components
