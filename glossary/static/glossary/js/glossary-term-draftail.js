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
        nextState = DraftJS.RichUtils.toggleLink(editorState, selection, entityKey);
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
