"""Error pages in French that leak nothing."""

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Requête incorrecte", "La page n'a pas pu traiter ce qui a été envoyé."),
    403: ("Accès refusé", "Vous n'avez pas accès à cette page."),
    404: ("Page non trouvée", "La page que vous cherchez est introuvable. Vérifiez l'adresse."),
    405: ("Méthode non autorisée", "Cette page ne s'utilise pas de cette façon."),
    413: ("Envoi trop volumineux", "Ce que vous avez envoyé est trop volumineux."),
    503: (
        "Service momentanément indisponible",
        "Réessayez dans quelques secondes : rien n'a été enregistré.",
    ),
    429: ("Trop de demandes", "Vous avez fait trop de demandes. Réessayez dans quelques minutes."),
    500: ("Erreur inattendue", "Une erreur s'est produite de notre côté. Réessayez plus tard."),
}


def _page(status: int, detail: str | None = None):
    title, message = MESSAGES.get(status, MESSAGES[500])
    if request.path.startswith("/api/"):
        return jsonify({"error": detail or message}), status
    return render_template(
        "errors/error.html", status=status, title=title, message=detail or message
    ), status


def _headers_of(error: HTTPException) -> list[tuple[str, str]]:
    """The headers HTTP requires with an error (``Allow`` with a 405, RFC 9110 §15.5.6),
    without the error's own content type: our page replaces its body."""
    return [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(
            400,
            "Le formulaire a expiré ou n'a pas été envoyé depuis ce site. "
            "Revenez en arrière, rechargez la page et envoyez-le à nouveau.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code < 400:
            return error
        response, status = _page(error.code or 500)
        return response, status, _headers_of(error)

    @app.errorhandler(500)
    def server_error(error):
        return _page(500)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        """The database went away or is busy (a dropped connection, a lock that did not
        come): the transaction was rolled back, nothing was acknowledged; ask to retry."""
        app.logger.warning("database unavailable: %s", error)
        response, status = _page(503)
        return response, status, {"Retry-After": "2"}
