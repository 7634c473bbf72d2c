// The writable-dir benchmark's go-fuse peer: go-fuse's own loopback file system (fs.NewLoopbackRoot) over a
// local folder, mounted with mount(2) as root, with go-fuse's default one-second timeouts.
//
//	GOMAXPROCS=1 loopback-go FOLDER MOUNTPOINT
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: loopback-go FOLDER MOUNTPOINT")
		os.Exit(2)
	}
	root, err := fs.NewLoopbackRoot(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	second := time.Second
	server, err := fs.Mount(os.Args[2], root, &fs.Options{
		EntryTimeout: &second,
		AttrTimeout:  &second,
		MountOptions: fuse.MountOptions{FsName: "loopback-go", DirectMount: true, AllowOther: true},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-signals
		server.Unmount()
	}()
	server.Wait()
}
