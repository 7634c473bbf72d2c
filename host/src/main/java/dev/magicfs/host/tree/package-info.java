/**
 * The inode table and the directories made from mount.yaml's paths. Inode numbers are stable, 1 is the root,
 * children are found by (parent, name) in O(1), and an inode the kernel learnt by lookup is dropped only after
 * its FORGET. A changeable tree's nodes are known by identity, so hard links share an inode and renames keep
 * it. Knows nothing of FUSE or YAML.
 */
package dev.magicfs.host.tree;
