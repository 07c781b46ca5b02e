package io.meshgov.lineage.query;

/** How many datasets a namespace holds, and how many of them no product owns. */
public record NamespaceCount(String namespace, long unowned, long total) {}
