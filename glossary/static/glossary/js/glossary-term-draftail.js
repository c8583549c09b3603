/*
 * Draftail plugin for the "Glossary term" entity: the toolbar button opens the
 * glossary-entry chooser (a Wagtail ChooserViewSet); the chosen entry's id is
 * stored, and the selected text becomes the term.
 */
(function () {
  "use strict";

  var draftail = window.draftail;
  var DraftJS = window.DraftJS;
  var React = window.React;
  if (!draftail || !DraftJS || !React) {
    return;
  }

  // Letters and digits of any script: a term is linked as whole words.
  var WORD_CHARACTER = /[\p{L}\p{N}]/u;

  // A selection that starts or ends inside a word ("ecosyst|ème") is widened
  // to the whole word, and spaces at its ends are left out, so that a link
  // never covers part of a word.
  function snapToWords(content, selection) {
    if (selection.isCollapsed() || selection.getStartKey() !== selection.getEndKey()) {
      return selection;
    }
    var key = selection.getStartKey();
    var text = content.getBlockForKey(key).getText();
    var start = selection.getStartOffset();
    var end = selection.getEndOffset();
    while (start < end && /\s/.test(text[start])) start += 1;
    while (end > start && /\s/.test(text[end - 1])) end -= 1;
    while (start > 0 && WORD_CHARACTER.test(text[start - 1])) start -= 1;
    while (end < text.length && WORD_CHARACTER.test(text[end])) end += 1;
    return selection.merge({
      anchorKey: key,
      anchorOffset: start,
      focusKey: key,
      focusOffset: end,
      isBackward: false,
    });
  }

  class GlossaryTermSource extends draftail.ModalWorkflowSource {
    getChooserConfig() {
      var urls = (this.props.entityType && this.props.entityType.chooserUrls) || {};
      return {
        url: urls.glossaryChooser,
        urlParams: {},
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
      };
    }

    filterEntityData(data) {
      return { id: data.id, title: data.title };
    }

    onChosen(data) {
      var props = this.props;
      var editorState = props.editorState;
      var content = editorState.getCurrentContent();
      var selection = editorState.getSelection();
      var entityData = this.filterEntityData(data);
      var withEntity = content.createEntity(props.entityType.type, "MUTABLE", entityData);
      var entityKey = withEntity.getLastCreatedEntityKey();
      var nextState;
      if (selection.isCollapsed()) {
        var inserted = DraftJS.Modifier.replaceText(
          withEntity, selection, data.title || "", null, entityKey
        );
        nextState = DraftJS.EditorState.push(editorState, inserted, "insert-characters");
      } else {
        var snapped = snapToWords(content, selection);
        nextState = DraftJS.RichUtils.toggleLink(editorState, snapped, entityKey);
      }
      this.workflow.close();
      props.onComplete(nextState);
    }
  }

  function GlossaryTerm(props) {
    var data = props.contentState.getEntity(props.entityKey).getData();
    return React.createElement(
      "span",
      {
        className: "glossary-term-entity",
        "data-glossary-id": data.id,
        title: data.title || "",
      },
      props.children
    );
  }

  draftail.registerPlugin(
    { type: "GLOSSARY", source: GlossaryTermSource, decorator: GlossaryTerm },
    "entityTypes"
  );
})();
