"""The compliance dashboard `/dashboard`: Persian RTL (English toggle), charts as inline SVG."""
