#!/usr/bin/env python3
"""A stand-in S3 service for one very large folder: bucket BUCKET holds COUNT one-byte objects
many/o0000000, many/o0000001, ... made up as they are asked for, so a listing page costs the same
at any depth. S3Proxy re-reads a whole folder for every page (a 20,000-object listing took 7 s,
40,000 took 24 s here), which makes a million-object folder out of its reach; this answers the
four requests a mount of it makes (HeadBucket, ListObjectsV2, HeadObject, GetObject) without
checking signatures. bench/bucket-large.sh runs it.

Usage: many_names.py PORT BUCKET COUNT
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

PORT, BUCKET, COUNT = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
FOLDER = "many/"
MODIFIED = "2026-01-01T00:00:00.000Z"
ETAG = '"9dd4e461268c8034f5c8564e155c67a6"'  # MD5 of b"x"


def key(i):
    return FOLDER + "o%07d" % i


def index_of(name):
    """The object number of a key, or None when no such object exists."""
    if not name.startswith(FOLDER + "o") or len(name) != len(key(0)) or not name[len(FOLDER) + 1:].isdigit():
        return None
    i = int(name[len(FOLDER) + 1:])
    return i if i < COUNT else None


def first_at_or_after(name):
    """The number of the first object whose key sorts at or after name."""
    lo, hi = 0, COUNT
    while lo < hi:
        mid = (lo + hi) // 2
        if key(mid) < name:
            lo = mid + 1
        else:
            hi = mid
    return lo


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="application/xml", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def target(self):
        url = urlsplit(self.path)
        bucket, _, name = url.path.lstrip("/").partition("/")
        return bucket, name, {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        bucket, name, query = self.target()
        if bucket != BUCKET:
            return self.send(404, b"<Error><Code>NoSuchBucket</Code></Error>")
        if not name:
            return self.list(query) if "list-type" in query else self.send(200)
        if index_of(name) is None:
            return self.send(404, b"<Error><Code>NoSuchKey</Code></Error>")
        self.send(200, b"x", "application/octet-stream",
                  [("ETag", ETAG), ("Last-Modified", "Thu, 01 Jan 2026 00:00:00 GMT")])

    def list(self, query):
        prefix, delimiter = query.get("prefix", ""), query.get("delimiter", "")
        limit = min(1000, int(query.get("max-keys", "1000")))
        start = max(query.get("continuation-token", ""), query.get("start-after", ""))
        objects, folders, more = [], [], False
        if prefix == "" and delimiter == "/":
            folders = [FOLDER] if COUNT and start < FOLDER else []
        elif prefix.startswith(FOLDER) or FOLDER.startswith(prefix):
            i = first_at_or_after(max(prefix, start + "\0" if start else ""))
            while i < COUNT and len(objects) < limit and key(i).startswith(prefix):
                objects.append(key(i))
                i += 1
            more = i < COUNT and key(i).startswith(prefix)
        xml = ["<?xml version='1.0' encoding='UTF-8'?>",
               '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
               "<Name>%s</Name><Prefix>%s</Prefix><KeyCount>%d</KeyCount><MaxKeys>%d</MaxKeys>"
               % (BUCKET, escape(prefix), len(objects) + len(folders), limit),
               "<IsTruncated>%s</IsTruncated>" % ("true" if more else "false")]
        if more:
            xml.append("<NextContinuationToken>%s</NextContinuationToken>" % objects[-1])
        for k in objects:
            xml.append("<Contents><Key>%s</Key><LastModified>%s</LastModified><ETag>%s</ETag>"
                       "<Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>"
                       % (k, MODIFIED, escape(ETAG)))
        for f in folders:
            xml.append("<CommonPrefixes><Prefix>%s</Prefix></CommonPrefixes>" % f)
        xml.append("</ListBucketResult>")
        self.send(200, "".join(xml).encode())


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that hangs up between requests


Server(("127.0.0.1", PORT), Handler).serve_forever()
