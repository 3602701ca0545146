public import Layout
