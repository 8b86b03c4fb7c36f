// Reads a feed on stdin with gofeed (github.com/mmcdole/gofeed, as Debian packages it) and writes, as
// JSON, what its universal parser makes of it ("feed") and what its format's own parser reads ("raw").
package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

func main() {
	input, err := io.ReadAll(os.Stdin)
	fail(err)
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(input))
	fail(err)
	var raw interface{}
	switch gofeed.DetectFeedType(bytes.NewReader(input)) {
	case gofeed.FeedTypeRSS:
		raw, err = (&rss.Parser{}).Parse(bytes.NewReader(input))
	case gofeed.FeedTypeAtom:
		raw, err = (&atom.Parser{}).Parse(bytes.NewReader(input))
	case gofeed.FeedTypeJSON:
		raw, err = (&jsonfeed.Parser{}).Parse(bytes.NewReader(input))
	}
	fail(err)
	fail(json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"feed": feed, "raw": raw}))
}

func fail(err error) {
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
}
