// The C library, for the modules that make system calls: glibc, or musl for a
// static build. The one place that chooses it; a file that calls libc says
// `import Platform`.
#if canImport(Glibc)
@_exported public import Glibc
#elseif canImport(Musl)
@_exported public import Musl
#endif
