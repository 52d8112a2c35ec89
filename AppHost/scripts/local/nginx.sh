#!/usr/bin/env bash
# Runs the ingest server (nginx + RTMP module from Debian) on loopback:
#   nginx.sh DATA_DIR RTMP_PORT HTTP_PORT
# STREAMING_URL is where nginx-rtmp sends its publish callbacks, with INGEST_CALLBACK_SECRET
# so that Streaming can tell them from anyone else's requests. INGEST_RELAY_SECRET rides on the
# relay from the public application to the internal one: without it nobody may publish there.
# HLS_FRAGMENT_SECONDS / HLS_PLAYLIST_SECONDS tune latency (defaults 2 and 6).
# INGEST_ABR_LADDER=on transcodes each broadcast to 720p/480p/360p beside the source and
# writes a master playlist /hls/<slug>.m3u8 (off by default: it needs several cores per stream).
# MEDIA_SIGNING_SECRET signs the short-lived URLs of private media (Content hands them out).
# DVR_FRAGMENT_SECONDS / DVR_PLAYLIST_SECONDS size the clip buffer (defaults 2 and 120).
set -euo pipefail
data=$1 rtmp_port=$2 http_port=$3
streaming=${STREAMING_URL:?STREAMING_URL is required}
streaming=${streaming%/}
secret=${INGEST_CALLBACK_SECRET:?INGEST_CALLBACK_SECRET is required}
relay_secret=${INGEST_RELAY_SECRET:?INGEST_RELAY_SECRET is required}
fragment=${HLS_FRAGMENT_SECONDS:-2}
playlist=${HLS_PLAYLIST_SECONDS:-6}
module=$(ls /usr/lib/nginx/modules/ngx_rtmp_module.so)
media_secret=${MEDIA_SIGNING_SECRET:?MEDIA_SIGNING_SECRET is required}
dvr_fragment=${DVR_FRAGMENT_SECONDS:-2}
dvr_playlist=${DVR_PLAYLIST_SECONDS:-120}

internal="rtmp://127.0.0.1:$rtmp_port/hls?relay=$relay_secret"
relay="push $internal;"
dvr_relay="push rtmp://127.0.0.1:$rtmp_port/dvr?relay=$relay_secret;"
ladder=""
local_play=""
if [ "${INGEST_ABR_LADDER:-off}" = on ]; then
  out="$internal/\$name"
  rendition() { # height video-kbps
    echo "-map 0:v:0 -map 0:a:0? -c:v libx264 -preset veryfast -tune zerolatency -g 60 -keyint_min 60 -sc_threshold 0 -vf scale=-2:$1 -b:v ${2}k -maxrate ${2}k -bufsize $(( $2 * 2 ))k -c:a aac -b:a 128k -f flv ${out}_$1p"
  }
  relay="exec_push /usr/bin/ffmpeg -nostdin -loglevel error -i rtmp://127.0.0.1:$rtmp_port/live/\$name -map 0:v:0 -map 0:a:0? -c copy -f flv ${out}_src $(rendition 720 2500) $(rendition 480 1000) $(rendition 360 600);"
  ladder="hls_variant _src BANDWIDTH=6000000; hls_variant _720p BANDWIDTH=2628000,RESOLUTION=1280x720; hls_variant _480p BANDWIDTH=1128000,RESOLUTION=854x480; hls_variant _360p BANDWIDTH=728000,RESOLUTION=640x360;"
  local_play="allow play 127.0.0.1;"
fi

mkdir -p "$data/hls" "$data/recordings" "$data/media" "$data/temp" "$data/logs"
# nginx workers run as nobody: they write HLS and recordings, and read media.
chmod 0777 "$data/hls" "$data/recordings" "$data/temp"
chmod 0755 "$data" "$data/media"
# Content's side (services/Content/Media): the clip buffer nginx writes, private media only
# signed URLs reach, and the work folder outputs are staged in before they move into place.
mkdir -p "$data/dvr" "$data/media-private" "$data/media-work"
chmod 0777 "$data/dvr"
chmod 0755 "$data/media-private"

user_line=""
[ "$(id -u)" = 0 ] && user_line="user nobody nogroup;"

cat > "$data/nginx.conf" <<CONF
load_module $module;
$user_line
worker_processes 1;
pid $data/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }

rtmp {
  server {
    listen 127.0.0.1:$rtmp_port;
    chunk_size 4096;

    # Public entry: the stream name is the secret key. Streaming authorises it and
    # answers with a redirect to the channel slug; the media is pushed on under that name.
    # on_update every 10 s lets Streaming cut a publisher whose key was rotated.
    application live {
      live on;
      allow publish all;
      $local_play
      deny play all;
      drop_idle_publisher 10s;
      on_publish $streaming/internal/ingest/publish?secret=$secret;
      on_publish_done $streaming/internal/ingest/publish-done?secret=$secret;
      on_update $streaming/internal/ingest/update?secret=$secret;
      notify_update_timeout 10s;
      notify_method post;
      $relay
      $dvr_relay
    }

    # Internal: only the live application above may publish here, and only for a channel whose
    # key it has just checked. Every connection here comes from 127.0.0.1 (a loopback listener,
    # or a TCP proxy in front), so the address proves nothing: Streaming checks the relay secret
    # and that the channel is live with a checked publisher. HLS appears under the slug, never
    # under the key, and only what came through a checked publish is ever recorded.
    application hls {
      live on;
      allow publish 127.0.0.1;
      deny publish all;
      deny play all;
      on_publish $streaming/internal/ingest/relay?secret=$secret;
      notify_method post;
      hls on;
      hls_path $data/hls;
      hls_nested on;
      hls_fragment ${fragment}s;
      hls_playlist_length ${playlist}s;
      hls_cleanup on;
      $ladder
      record all;
      record_path $data/recordings;
      record_unique on;
      on_record_done $streaming/internal/ingest/record-done?secret=$secret;
    }

    # Internal clip buffer (Content cuts live clips from it): the source as pushed, no
    # transcoding, fragments named by the wall-clock time they start at, kept for
    # ${dvr_playlist}s. Never played over RTMP and never served over HTTP.
    application dvr {
      live on;
      allow publish 127.0.0.1;
      deny publish all;
      deny play all;
      on_publish $streaming/internal/ingest/relay?secret=$secret;
      notify_method post;
      hls on;
      hls_path $data/dvr;
      hls_nested on;
      hls_fragment ${dvr_fragment}s;
      hls_playlist_length ${dvr_playlist}s;
      hls_fragment_naming system;
      hls_cleanup on;
    }
  }
}

http {
  access_log off;
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $data/temp/body;
  proxy_temp_path $data/temp/proxy;
  fastcgi_temp_path $data/temp/fastcgi;
  uwsgi_temp_path $data/temp/uwsgi;
  scgi_temp_path $data/temp/scgi;
  types {
    application/vnd.apple.mpegurl m3u8;
    video/mp2t ts;
    video/mp4 mp4;
    image/jpeg jpg;
    text/vtt vtt;
  }
  default_type application/octet-stream;

  server {
    listen 127.0.0.1:$http_port;

    location = /health { return 200 "ok"; }

    # nginx-rtmp's control module (drop a publisher). The listener is loopback-only and the
    # gateway routes only /hls and /media here.
    location /control { rtmp_control all; }

    # A miss (and a directory, which nginx would refuse with 403) answers problem+json like the
    # rest of the API, never nginx's HTML page; under private media, a bad or missing signature
    # and an expired one have answers of their own.
    error_page 403 404 = @missing;
    location @missing {
      types { }
      default_type application/problem+json;
      return 404 '{"type":"https://aethex.live/problems/not-found","title":"No such playlist, segment or file.","status":404}';
    }
    location @unsigned {
      types { }
      default_type application/problem+json;
      return 403 '{"type":"https://aethex.live/problems/forbidden","title":"This media needs a valid signed address.","status":403}';
    }
    location @expired {
      types { }
      default_type application/problem+json;
      return 410 '{"type":"https://aethex.live/problems/link-expired","title":"This signed media address has expired; ask for a new one.","status":410}';
    }

    location /hls/ {
      alias $data/hls/;
      location ~ \.m3u8\$ { add_header Cache-Control "no-cache"; }
      location ~ \.ts\$ { add_header Cache-Control "max-age=60"; }
    }

    location /media/ {
      alias $data/media/;
      add_header Cache-Control "max-age=3600";
    }

    # Private media (Content's private VODs) lives outside the /media/ tree and is reached only
    # as /media/private/<signature>/<expires>/<folder>/<file>: the signature (md5, base64url)
    # covers the expiry and the folder, so one URL signs a VOD's files and a player's relative
    # references (storyboard.vtt -> storyboard-001.jpg) stay signed.
    location /media/private/ {
      error_page 403 = @unsigned;
      return 403;
    }
    location ~ ^/media/private/(?<media_signature>[A-Za-z0-9_-]+)/(?<media_expires>[0-9]+)/(?<media_folder>vods/[A-Za-z0-9_-]+)/(?<media_file>[A-Za-z0-9_-]+\.[a-z0-9]+)\$ {
      error_page 403 = @unsigned;
      error_page 404 = @missing;
      error_page 410 = @expired;
      secure_link \$media_signature,\$media_expires;
      secure_link_md5 "\$media_expires/\$media_folder $media_secret";
      if (\$secure_link = "") { return 403; }
      if (\$secure_link = "0") { return 410; }
      alias $data/media-private/\$media_folder/\$media_file;
      add_header Cache-Control "private, max-age=60";
    }
  }
}
CONF

exec /usr/sbin/nginx -p "$data" -c "$data/nginx.conf" -g 'daemon off;'
