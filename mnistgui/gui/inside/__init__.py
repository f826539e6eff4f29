"""The Inside tab: what the network does with the current input, page by page."""
