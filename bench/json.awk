# Flattens a JSON document into "path=value" lines, one per scalar: object keys and array indexes
# joined with dots (latency.response.p99=1.234, intervals.0.responses=20000). Enough for the files
# bench/peers.sh reads (result.json); strings keep their escapes. POSIX awk (mawk, gawk, busybox).
# Usage: awk -f bench/json.awk result.json
function path(    p, d) {
  p = ""
  for (d = 1; d <= depth; d++) {
    p = p (d > 1 ? "." : "") key[d]
  }
  return p
}
{ text = text $0 "\n" }
END {
  n = length(text)
  depth = 0
  i = 1
  while (i <= n) {
    c = substr(text, i, 1)
    if (c == "{") {
      depth++; type[depth] = "o"; key[depth] = ""; wantKey = 1; i++
    } else if (c == "[") {
      depth++; type[depth] = "a"; key[depth] = 0; wantKey = 0; i++
    } else if (c == "}" || c == "]") {
      depth--; i++
    } else if (c == ",") {
      if (type[depth] == "a") { key[depth]++; wantKey = 0 } else { wantKey = 1 }
      i++
    } else if (c == "\"") {
      j = i + 1
      while (j <= n && substr(text, j, 1) != "\"") {
        if (substr(text, j, 1) == "\\") j++
        j++
      }
      s = substr(text, i + 1, j - i - 1)
      i = j + 1
      if (type[depth] == "o" && wantKey) { key[depth] = s; wantKey = 0 } else { print path() "=" s }
    } else if (c ~ /[-0-9tfn]/) {
      rest = substr(text, i, 40)
      if (match(rest, /^-?[0-9][-+0-9.eE]*/) || match(rest, /^(true|false|null)/)) {
        print path() "=" substr(rest, 1, RLENGTH); i += RLENGTH
      } else {
        i++
      }
    } else {
      i++
    }
  }
}
