"""The two baselines every figure is compared with, served the same way (gunicorn with
``gunicorn.conf.py``): a constant answer to GET, and one row inserted through SQLAlchemy
per POST, on an engine with Pilotes' settings (its engine options and, on SQLite, its
policy: WAL, ``synchronous=NORMAL``, ``busy_timeout``, ``BEGIN IMMEDIATE``), so that the
insert costs what it would cost Pilotes and no more."""

import os

from flask import Flask
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert

from config import Config, normalize_database_url
from pilotes.infra.database import install_on

metadata = MetaData()
rows = Table(
    "bench_rows", metadata, Column("id", Integer, primary_key=True), Column("value", String(100))
)


def create_app() -> Flask:
    app = Flask(__name__)
    engine = create_engine(  # its table is made once by bench.http, not by each worker
        normalize_database_url(os.environ["BENCH_DATABASE_URL"]),
        **Config.SQLALCHEMY_ENGINE_OPTIONS,
    )
    install_on(engine)

    @app.get("/")
    def constant():
        return "ok"

    @app.get("/healthz")
    def healthz():
        return "ok"

    @app.post("/insert")
    def insert_one():
        with engine.begin() as connection:
            connection.execute(insert(rows).values(value="x"))
        return "", 201

    return app
