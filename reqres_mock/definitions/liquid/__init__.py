"""Liquid actions (``type: Liquid``; kinds ``JsonToJson``, ``JsonToText``, ``XmlToJson``,
``XmlToText``): a map of a Standard project's ``Artifacts/Maps/*.liquid`` (or a Consumption
template's integration account map) rendered as the runtime renders it.

Evidence: "Transform JSON and XML using Liquid templates as maps"
(https://learn.microsoft.com/azure/logic-apps/logic-apps-enterprise-integration-liquid-transform,
MicrosoftDocs/azure-docs ``articles/logic-apps/`` of that name):
the runtime uses DotLiquid 2.0.361 with C# naming, so filters are written in sentence case
(``Upcase``, ``Append``, ``Replace``) and ``replace`` "won't work"; the input is ``content``; a
``*ToJson`` action parses the rendered text back to JSON. DotLiquid's own rules are read from
dotliquid/dotliquid at b6a7d99 (the commit the article links): ``Context.Invoke`` hands an
unknown filter's input on unchanged (so a lowercase ``default`` does nothing), ``HandleError``
writes a failing output as ``Liquid error: <message>``, ``Tags/For.cs`` names the ``forloop``
members in lower case in a case-sensitive ``Hash`` (``forloop.Last`` is nil), and
``StandardFilters.cs`` gives each filter's semantics (cited where it is implemented below).

Templates are parsed and run by python-liquid (the optional ``liquid`` extra, imported only when
a Liquid action runs), with DotLiquid's filters, output rules and errors in place of Shopify's.
DotLiquid's whitespace control (``Template.Tokenize``) is applied to the text before parsing,
and its tokens are checked as ``Block.Parse`` checks them (:mod:`.tokens`: a tag or output
over several lines, or an output whose string holds a ``}``, is a SyntaxException);
``if``/``unless``/``case`` compare with ``Condition.Operators`` (type-insensitive ``==``,
``startsWith``/``endsWith``/``hasKey``/``hasValue``); a .NET exception in a filter or tag is
written as ``Liquid error: <message>`` in its place (``Block.RenderAll``). Where DotLiquid
uses the current culture (text order, ``ToUpper``, number parsing) the mock uses the invariant
culture. Every filter of ``StandardFilters.cs`` is there (:mod:`.filters`, :mod:`.textfilters`,
:mod:`.numberfilters`, :mod:`.listfilters`), with ``Strainer.Invoke``'s argument rules (a
missing argument without a default is a ``Liquid syntax error``, one too many a ``Parameter
count mismatch``). ``for`` runs as ``Tags/For.cs`` does (:mod:`.forloop`: text loops over its
characters, ``System.Char`` values, not text; no ``else``, ``forloop`` without ``parentloop``,
an object's values bound by ``BuildContext``), ``tablerow`` as ``Tags/Html/TableRow.cs``
(``cols`` required); ``empty``/``blank`` are DotLiquid's ``Symbol``; a ``break`` outside any
loop ends the rendering; the tags are DotLiquid 2.0.x's (:mod:`.tags`: ``include`` and
``extends`` a Liquid error for want of a file system, ``literal`` as ``raw``, ``block`` its
body; a tag 2.0.x does not have, such as ``increment``, fails the action with
``InvalidLiquidTemplate`` and DotLiquid's SyntaxException message; ``comment``'s body is
parsed, ``cycle`` groups by its markup). Integer maths is ``DoMathsOperation``'s, in 32 bits
unless both sides are ``Int64`` (``content``'s integers). A ``Currency`` culture
other than en-US and the invariant one needs the ``cultures`` extra (``MissingExtra`` without
it). What python-liquid cannot parse fails the action with ``InvalidLiquidTemplate`` naming the
map, the line and what to change (or to stub the action).
"""

from __future__ import annotations

from reqres_mock.definitions.liquid.engine import run_liquid

__all__ = ["run_liquid"]
