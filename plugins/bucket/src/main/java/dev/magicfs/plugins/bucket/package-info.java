/**
 * {@code kind: bucket}: an S3-compatible bucket as a folder, over the AWS SDK for Java v2. The client and the
 * local cache folder live here; nothing of FUSE, and no inode numbers.
 */
package dev.magicfs.plugins.bucket;
