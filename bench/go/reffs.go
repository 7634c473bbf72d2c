// The benchmark's go-fuse peer: the tree of bench/c/reffs.c (small.txt, big.bin, dir/f0000..f0999) on
// go-fuse's fs package, every reply uncached (timeouts 0, FOPEN_DIRECT_IO), mounted with mount(2) as root.
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o reffs-go bench/go/reffs.go
//	GOMAXPROCS=1 reffs-go MOUNTPOINT
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

type file struct {
	fs.Inode
	data []byte
}

var _ = (fs.NodeGetattrer)((*file)(nil))
var _ = (fs.NodeOpener)((*file)(nil))
var _ = (fs.NodeReader)((*file)(nil))

func (f *file) Getattr(ctx context.Context, fh fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	out.Mode = 0444
	out.Size = uint64(len(f.data))
	return 0
}

func (f *file) Open(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	return nil, fuse.FOPEN_DIRECT_IO, 0
}

func (f *file) Read(ctx context.Context, fh fs.FileHandle, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	if off >= int64(len(f.data)) {
		return fuse.ReadResultData(nil), 0
	}
	end := off + int64(len(dest))
	if end > int64(len(f.data)) {
		end = int64(len(f.data))
	}
	return fuse.ReadResultData(f.data[off:end]), 0
}

type root struct{ fs.Inode }

var _ = (fs.NodeOnAdder)((*root)(nil))

func (r *root) OnAdd(ctx context.Context) {
	small := make([]byte, 4096)
	for i := range small {
		if i%64 == 63 {
			small[i] = '\n'
		} else {
			small[i] = byte('a' + i%26)
		}
	}
	big := make([]byte, 64<<20)
	for i := range big {
		big[i] = byte(i*31 + i>>12)
	}
	add := func(parent *fs.Inode, name string, data []byte) {
		parent.AddChild(name, parent.NewPersistentInode(ctx, &file{data: data}, fs.StableAttr{}), false)
	}
	add(&r.Inode, "small.txt", small)
	add(&r.Inode, "big.bin", big)
	dir := r.NewPersistentInode(ctx, &fs.Inode{}, fs.StableAttr{Mode: syscall.S_IFDIR})
	r.AddChild("dir", dir, false)
	for i := 0; i < 1000; i++ {
		add(dir, fmt.Sprintf("f%04d", i), []byte("child file\n"))
	}
}

func main() {
	zero := time.Duration(0)
	server, err := fs.Mount(os.Args[1], &root{}, &fs.Options{
		MountOptions: fuse.MountOptions{FsName: "reffs-go", Name: "reffs", DirectMount: true, MaxWrite: 1 << 20},
		EntryTimeout: &zero, AttrTimeout: &zero, NegativeTimeout: &zero,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	go func() { <-stop; server.Unmount() }()
	server.Wait()
}
