"""The assembly's amendments (Änderungsanträge): from „Zeile 123“ to the adopted text.

(The full design is written down below as the package grows; see README „Änderungsanträge“.)
"""
