# Sourced by the scripts that measure the v1.0 corpus: sets `corpus` to the folder named as the
# script's first argument, else `$GRAPHDOC_CORPUS`, else ../shared/corpus/graph-v1.0 beside the
# checkout, and stops with where to get it when the folder is not there.
corpus=${1:-${GRAPHDOC_CORPUS:-../shared/corpus/graph-v1.0}}
if [ ! -d "$corpus" ]; then
  echo "error: no docs folder at $corpus: this script needs the v1.0 corpus (../shared/corpus/graph-v1.0" \
    "beside the checkout); set GRAPHDOC_CORPUS to its folder or pass a docs folder" >&2
  exit 2
fi
