vcl 4.1;
# Pressroom's HTTP cache (Varnish 7, Debian's package).
#
# A template: scripts/prod-stack fills the placeholders in double braces (the app
# servers and who may purge); for a real server, fill them by hand.
#
# The contract with Django (README, Production > Cache contract):
# - Django marks what may be shared with "Cache-Control: public, ...,
#   s-maxage=N" and "X-Cache-Tags: page-12 listing-5 tag-x ..."; nothing else
#   is stored here (no default TTL for unmarked responses).
# - Publishing sends "PURGE <url>" (Wagtail's frontend cache) and
#   "BAN /" with "X-Ban-Tags: <regex>" (Pressroom's backend) from the app
#   servers; both come from the "purgers" ACL, straight to Varnish (never
#   through nginx, which refuses these methods).
# - A request with the session cookie (a logged-in editor), the admin,
#   previews and anything but GET/HEAD go to Django untouched.

import std;
import directors;

probe healthz {
    .url = "/healthz/";
    .timeout = 2s;
    .interval = 5s;
    .window = 5;
    .threshold = 3;
}

# The app servers (gunicorn), one backend each.
{{ BACKENDS }}

# Who may PURGE and BAN: the app servers' addresses (on a real network,
# add their subnet, e.g. "10.0.0.0"/8;).
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
{{ PURGER_NETWORKS }}
}

sub vcl_init {
    new app = directors.round_robin();
{{ DIRECTOR_ADD }}
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    # Cache maintenance: only from the app servers, never relayed by nginx
    # (nginx always sets X-Real-IP; Django calls Varnish directly).
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers || req.http.X-Real-IP) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "PURGE") {
            # Every variant (languages) of this URL on this host, as readers
            # reach it: over HTTPS (see vcl_hash).
            set req.http.X-Forwarded-Proto = "https";
            return (purge);
        }
        # X-Ban-Tags is a regex over the tags, e.g.
        # (^|\s)(page-12|listing-5)(\s|$): no spaces or quotes, so that it is
        # one token of the ban expression. obj.* only: the ban lurker
        # evicts matching objects in the background.
        if (!req.http.X-Ban-Tags || req.http.X-Ban-Tags ~ "[\s\x22']") {
            return (synth(400, "X-Ban-Tags must be a regular expression without spaces"));
        }
        ban("obj.http.X-Cache-Tags ~ " + req.http.X-Ban-Tags);
        return (synth(200, "Banned"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Episode audio: every request is counted by Django, with the listener's
    # Range (a miss would fetch the whole file without it).
    if (req.url ~ "^/podcasts/audio/") {
        return (pass);
    }
    # Editors, previews, health checks and authenticated API clients.
    if (req.url ~ "^/(admin|django-admin|healthz)(/|$)"
        || req.url ~ "^/api/v3/preview(/|$)"
        || req.url ~ "[?&](token|preview)="
        || req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # The language a reader chose with the header's switch (Django's
    # language cookie) wins over the browser's: it becomes the
    # Accept-Language the variants are kept by, below.
    if (req.http.Cookie ~ "(^|;\s*)django_language=(fr|en)(;|$)") {
        set req.http.Accept-Language = regsub(
            req.http.Cookie, "^(?:.*;\s*)?django_language=(fr|en)(?:;.*)?$", "\1");
    }
    # Everything else is anonymous: no cookie reaches Django (analytics
    # cookies would otherwise split the cache through Vary: Cookie).
    unset req.http.Cookie;

    # The interface language follows Accept-Language (fr or en): keep one
    # variant per language, not one per browser's header. The first of the
    # site's languages named in the header wins; none: French (the default).
    if (req.http.Accept-Language) {
        set req.http.Accept-Language = regsub(
            req.http.Accept-Language,
            "^(?:.*?[,\s])??(fr|en)(?:[-_;,\s].*)?$",
            "\1");
        if (req.http.Accept-Language !~ "^(fr|en)$") {
            unset req.http.Accept-Language;
        }
    }

    # Serve slightly stale pages only while the app servers are down.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    # Django answers plain HTTP with a redirect to HTTPS: never the same
    # object as the page. The builtin vcl_hash adds the URL and the host.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # Store only what Django marks as shared: public with s-maxage, no cookie.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(^|[,\s])s-maxage=[0-9]+"
        || beresp.http.Cache-Control ~ "(^|[,\s])(private|no-cache|no-store)"
        || beresp.http.Vary ~ "\*") {
        # Remember for a while that this URL is not cacheable, so requests
        # for it are not queued behind each other (hit-for-miss).
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # beresp.ttl already follows s-maxage. Keep objects past it for grace.
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_deliver {
    # A counted download that nginx sends (X-Accel-Redirect): the range is
    # nginx's to apply to the file, not Varnish's to the empty answer.
    if (resp.http.X-Accel-Redirect) {
        unset req.http.Range;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Tags are for bans, not for clients (unless asked, to debug).
    if (!req.http.X-Cache-Debug) {
        unset resp.http.X-Cache-Tags;
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason;
    return (deliver);
}
